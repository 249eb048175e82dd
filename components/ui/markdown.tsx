// Markdown as sanitized HTML (lib/markdown/render-markdown.ts). No hooks: usable in server and
// client components alike.
import { renderMarkdown } from "@/lib/markdown/render-markdown";

const MAX_CACHED = 500;
const cache = new Map<string, string>();

/** Re-rendering a list every poll should not re-parse every note: keep recent results. */
function cachedRender(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const html = renderMarkdown(text);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(text, html);
  return html;
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  // Safe: renderMarkdown shows raw HTML as text and sanitizes the result with GitHub's allow-list.
  return <div className={className ? `md ${className}` : "md"} dangerouslySetInnerHTML={{ __html: cachedRender(text) }} />;
}
