/**
 * Reading typography for the elements the extensions render, shared by the viewer and
 * the editor so a note looks the same while written and read (no typography plugin). The
 * utilities are in app/globals.css (.rich-text): a panel shows a note in every entry, and the
 * forty of them weighed 2 KiB an entry, in the HTML and again in the RSC payload (issue 16).
 */
export const richTextTypography = "rich-text";
