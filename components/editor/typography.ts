/**
 * Reading typography for the elements the extensions render, shared by the viewer and
 * the editor so a note looks the same while written and read (no typography plugin).
 */
export const richTextTypography = [
  "break-words [&>:first-child]:mt-0 [&>:last-child]:mb-0",
  "[&_p]:my-1 [&_li>p]:my-0",
  "[&_h2]:mt-3 [&_h2]:mb-1 [&_h2]:text-base [&_h2]:font-semibold",
  "[&_h3]:mt-2 [&_h3]:mb-1 [&_h3]:text-sm [&_h3]:font-semibold",
  "[&_ul]:my-1 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-1 [&_ol]:list-decimal [&_ol]:pl-5",
  "[&_blockquote]:my-2 [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
  "[&_a]:text-blue-700 [&_a]:underline [&_a:hover]:text-blue-900",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.9em]",
].join(" ");
