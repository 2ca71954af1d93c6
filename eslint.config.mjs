import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layers: app/ → components/ → lib/. Nothing in lib/ reaches up into components/, and no
// module imports itself round a cycle. (Checked on the app's own code; tests and scripts
// import lib/ but nothing imports them.)
const layers = {
  files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
  ignores: ["**/*.test.ts", "lib/generated/**"],
  settings: {
    // One resolver, and neither node_modules nor the generated Prisma client parsed for
    // cycles: that keeps import/no-cycle to a few seconds on two cores.
    "import/resolver": { typescript: { project: "./tsconfig.json" } },
    "import/ignore": ["node_modules", "lib/generated"],
  },
  rules: {
    "import/no-cycle": ["error", { ignoreExternal: true }],
  },
};

const libStaysBelowComponents = {
  files: ["lib/**/*.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: ["@/components", "@/components/*", "**/components/*"],
            message: "lib/ must not import from components/: move what both need into lib/.",
          },
        ],
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  layers,
  libStaysBelowComponents,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "next-env.d.ts"] },
];

export default config;
