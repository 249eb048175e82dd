// GitHub-flavoured markdown → sanitized HTML, on the server and in the browser alike (no DOM).
// Two layers: raw HTML in the source is shown as text, never parsed; the resulting tree is
// then sanitized with GitHub's allow-list (no scripts, event handlers, iframes, style, or
// URLs other than http(s)/mailto links and http(s) images).
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

type Node = { type: string; value?: string; children?: Node[]; tagName?: string; properties?: Record<string, unknown> };

function walk(node: Node, visit: (n: Node) => void) {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

const BLOCK_PARENTS = new Set(["root", "blockquote", "listItem", "footnoteDefinition"]);

/** `<b>` typed in a note stays visible as `<b>` instead of being dropped or interpreted. */
const rawHtmlAsText = () => (tree: Node) =>
  walk(tree, (parent) => {
    parent.children = parent.children?.map((n) => {
      if (n.type !== "html") return n;
      const text = { type: "text", value: n.value ?? "" };
      return BLOCK_PARENTS.has(parent.type) ? { type: "paragraph", children: [text] } : text;
    });
  });

/** External links open in a new tab without handing it our window or the referrer. */
const safeLinks = () => (tree: Node) =>
  walk(tree, (n) => {
    if (n.type !== "element" || n.tagName !== "a" || !n.properties) return;
    const href = n.properties.href;
    if (typeof href === "string" && /^https?:/i.test(href)) {
      n.properties.target = "_blank";
      n.properties.rel = ["nofollow", "noopener", "noreferrer"];
    }
  });

/**
 * Images load only from this origin (relative URLs): one from another host would make every
 * reader's browser fetch it, a tracking pixel on the incident. Such an image becomes a link the
 * reader can choose to open.
 */
const localImages = () => (tree: Node) =>
  walk(tree, (parent) => {
    parent.children = parent.children?.map((n) => {
      if (n.type !== "element" || n.tagName !== "img") return n;
      const src = typeof n.properties?.src === "string" ? n.properties.src : "";
      const local = !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith("//");
      if (!src || local) return n; // nothing to fetch, or this origin
      const alt = typeof n.properties?.alt === "string" && n.properties.alt ? n.properties.alt : "image";
      let host = "another site";
      try {
        host = new URL(src, "https://this.origin.invalid").host || host;
      } catch {
        // not an absolute URL: named generically
      }
      return {
        type: "element",
        tagName: "a",
        properties: { href: src, target: "_blank", rel: ["nofollow", "noopener", "noreferrer"], title: "Not loaded: images from other sites are shown as links" },
        children: [{ type: "text", value: `${alt} (image on ${host})` }],
      };
    });
  });

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(rawHtmlAsText)
  .use(remarkRehype)
  // No user-written ids can exist (raw HTML is text), and remark-rehype already prefixes the
  // footnote ids with `user-content-`: a second prefix would break footnote links.
  .use(rehypeSanitize, { ...defaultSchema, clobber: [] })
  .use(safeLinks)
  .use(localImages)
  .use(rehypeStringify)
  .freeze();

/** Renders markdown to HTML that is safe to put into the page as-is. */
export function renderMarkdown(md: string): string {
  return String(processor.processSync(md));
}
