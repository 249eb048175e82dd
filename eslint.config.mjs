import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "lib/generated/**", "node_modules/**", ".data*/**", "test-results/**", "bench/out/**", "next-env.d.ts"] },
];

export default config;
