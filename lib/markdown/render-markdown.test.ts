import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render-markdown";

/**
 * The real tags of the output and their attributes (escaped `&#x3C;tag>` is text, not a tag). The
 * serializer always writes `name="value"` with quotes inside values encoded, so a regex is exact.
 */
const tags = (html: string) =>
  [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: [...(m[2] ?? "").matchAll(/\s([^\s="]+)(?:="([^"]*)")?/g)].map((a) => ({ name: a[1]!.toLowerCase(), value: a[2] ?? "" })),
  }));

const ALLOWED_TAGS = new Set([
  "p", "a", "em", "strong", "del", "code", "pre", "ul", "ol", "li", "input", "table", "thead", "tbody", "tr",
  "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "br", "img", "sup", "section",
]);

function expectSafe(html: string) {
  for (const t of tags(html)) {
    expect(ALLOWED_TAGS, `unexpected <${t.name}> in ${html}`).toContain(t.name);
    for (const a of t.attrs) {
      expect(a.name).not.toMatch(/^(on|style$|srcdoc$|formaction$|action$)/);
      if (a.name === "href" || a.name === "src") expect(a.value).toMatch(/^(https?:|mailto:|#|\/)/i);
    }
  }
}

const HOSTILE: Array<[string, string]> = [
  ["script tag", "<script>alert(1)</script>"],
  ["script inside a paragraph", "hello <script>alert(1)</script> world"],
  ["img onerror", '<img src="x" onerror="alert(1)">'],
  ["img onerror inside emphasis", "*<img src=x onerror=alert(1)>*"],
  ["markdown image with quote-breaking alt", '![x" onerror="alert(1)](https://a.example/p.png)'],
  ["javascript: link", "[click](javascript:alert(1))"],
  ["mixed-case javascript: link", "[click](JaVaScRiPt:alert(document.cookie))"],
  ["entity-encoded colon", "[click](javascript&#58;alert(1))"],
  ["entity-encoded scheme", "[click](&#106;avascript:alert(1))"],
  ["tab inside the scheme", "[click](java\tscript:alert(1))"],
  ["javascript: autolink", "<javascript:alert(1)>"],
  ["javascript: reference link", "[click][x]\n\n[x]: javascript:alert(1)"],
  ["vbscript and file links", "[a](vbscript:msgbox(1)) [b](file:///etc/passwd)"],
  ["raw anchor with javascript:", '<a href="javascript:alert(1)">x</a>'],
  ["iframe", '<iframe src="https://evil.example"></iframe>'],
  ["iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ["data: image", "![a](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ["data: link", "[d](data:text/html,<script>alert(1)</script>)"],
  ["inline svg with script", "<svg><script>alert(1)</script></svg>"],
  ["svg onload", "<svg onload=alert(1)>"],
  ["math/style tricks", "<math><style><img src=x onerror=alert(1)></style></math>"],
  ["entity-escaped script", "&lt;script&gt;alert(1)&lt;/script&gt;"],
  ["numeric entities", "&#60;script&#62;alert(1)&#60;/script&#62;"],
  ["html comment breakout", "<!-- --><script>alert(1)</script> -->"],
  ["object/embed/form", '<object data="x.swf"></object><embed src="x"><form action="javascript:alert(1)"><button>go</button></form>'],
  ["style attribute", '<p style="background:url(javascript:alert(1))">x</p>'],
  ["link title breakout", '[a](https://ok.example "x\\" onmouseover=\\"alert(1)")'],
  ["protocol-relative image", "![x](//evil.example/p.png)"],
];

describe("renderMarkdown", () => {
  it.each(HOSTILE)("neutralises %s", (_name, md) => {
    const html = renderMarkdown(md);
    expectSafe(html);
    expect(html).not.toMatch(/<(script|iframe|svg|math|style|object|embed|form|button)\b/i);
  });

  it("shows raw HTML as text instead of dropping it", () => {
    expect(renderMarkdown("restart <pod-ip> then <b>check</b>")).toBe("<p>restart &#x3C;pod-ip> then &#x3C;b>check&#x3C;/b></p>");
    expect(renderMarkdown("<script>alert(1)</script>")).toContain("&#x3C;script>alert(1)");
  });

  it("drops dangerous URLs but keeps the link text", () => {
    expect(renderMarkdown("[click](javascript:alert(1))")).toBe("<p><a>click</a></p>");
    expect(renderMarkdown("![a](data:image/png;base64,AAAA)")).toBe('<p><img alt="a"></p>');
  });

  it("renders GitHub-flavoured markdown", () => {
    const html = renderMarkdown(
      "# Root cause\n\n**SYN** flood ~~DNS~~ `conntrack`\n\n- [x] flow logs\n- [ ] pcap\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nsee https://example.com/x",
    );
    expectSafe(html);
    expect(html).toContain("<h1>Root cause</h1>");
    expect(html).toContain("<strong>SYN</strong>");
    expect(html).toContain("<del>DNS</del>");
    expect(html).toContain("<code>conntrack</code>");
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain("<td>1</td>");
    expect(html).toContain('<a href="https://example.com/x" target="_blank" rel="nofollow noopener noreferrer">');
  });

  it("keeps relative links, images from this origin and code blocks with a language", () => {
    const html = renderMarkdown("[incident](/incidents/abc) ![p](/api/x.png)\n\n```js\nalert(1)\n```");
    expectSafe(html);
    expect(html).toContain('<a href="/incidents/abc">incident</a>');
    expect(html).toContain('<img src="/api/x.png" alt="p">');
    expect(html).toContain('<code class="language-js">alert(1)\n</code>');
  });

  it("loads no image from another site: it becomes a link naming the host", () => {
    for (const src of ["https://attacker.example/t.png", "//attacker.example/t.png", "http://attacker.example/t.png"]) {
      const html = renderMarkdown(`see ![pixel](${src})`);
      expect(html).not.toMatch(/<img/);
      expect(html).toContain("pixel (image on attacker.example)");
    }
  });

  it("links footnotes to their definitions", () => {
    const html = renderMarkdown("claim[^1]\n\n[^1]: source");
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
  });

  it("renders empty input as empty output", () => {
    expect(renderMarkdown("")).toBe("");
  });
});
