// A postmortem rendered: sanitized markdown runs with live timeline embeds between them.
import { Markdown } from "@/components/ui/markdown";
import { splitEmbeds } from "@/lib/postmortem/embeds";
import { ViewEmbed } from "./view-embed";

export function PostmortemDocument({ markdown }: { markdown: string }) {
  return (
    <article className="pm-document" data-testid="pm-document">
      {splitEmbeds(markdown).map((s, i) => (s.type === "embed" ? <ViewEmbed key={`${i}-${s.slug}`} slug={s.slug} /> : <Markdown key={i} text={s.text} />))}
    </article>
  );
}
