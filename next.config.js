// @ts-check
const createNextIntlPlugin = require("next-intl/plugin");

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets several dev servers run side by side (NEXT_DIST_DIR).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Dev logs would otherwise print server action arguments: passwords and health data.
  logging: { serverFunctions: false },
  reactStrictMode: true,
  experimental: {
    turbopackChunking: { priorityRoutes: [/queue/], requestCost: 1000000, minChunkSize: 200000, maxChunkCountPerGroup: 2 },
  },
  // argon2 is a native module; keep it (and pg) out of the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "prom-client"],
  async headers() {
    // CSP with a per-request nonce is set in proxy.ts; these hold for every response.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          // same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with form
          // posts, and Next.js then refuses every server action submitted before hydration.
          // Other sites still receive no referrer at all.
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
