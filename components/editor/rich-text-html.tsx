import { cn } from "@/components/ui/cn";
import { richTextTypography } from "./typography";

/**
 * Rich text already rendered and sanitized on the server (lib/rich-text/html), as the app shows
 * it. Safe in a client component: it holds no renderer (RichTextView renders, then uses this).
 */
export function RichTextHtml({ html, className }: { html: string; className?: string }) {
  return (
    <div
      className={cn("text-sm text-slate-900", richTextTypography, className)}
      // Sanitized with an allow-list of exactly the extensions' elements (lib/rich-text/html.ts).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
