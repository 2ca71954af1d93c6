import { isEmptyRichText, type RichTextDoc } from "@/lib/rich-text";
import { renderRichText } from "@/lib/rich-text/html";
import { RichTextHtml } from "./rich-text-html";

/** Server-safe: the HTML is rendered and sanitized by lib/rich-text/html, without a DOM. */
export function RichTextView({ doc, className }: { doc: RichTextDoc; className?: string }) {
  if (isEmptyRichText(doc)) return null;
  return <RichTextHtml html={renderRichText(doc)} className={className} />;
}
