import { cn } from "@/components/ui/cn";
import { isEmptyRichText, type RichTextDoc } from "@/lib/rich-text";
import { renderRichText } from "@/lib/rich-text/html";
import { richTextTypography } from "./typography";

/** Server-safe: the HTML is rendered and sanitized by lib/rich-text/html, without a DOM. */
export function RichTextView({ doc, className }: { doc: RichTextDoc; className?: string }) {
  if (isEmptyRichText(doc)) return null;
  return (
    <div
      className={cn("text-sm text-slate-900", richTextTypography, className)}
      // Sanitized with an allow-list of exactly the extensions' elements (lib/rich-text/html.ts).
      dangerouslySetInnerHTML={{ __html: renderRichText(doc) }}
    />
  );
}
