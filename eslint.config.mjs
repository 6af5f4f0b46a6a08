// ESLint (flat config): the Next.js rules (core web vitals, TypeScript), no `any`, and the import
// boundary that keeps client components away from server modules. Run by `npm run lint` and as the
// first step of `npm test`.
//
// Modules that only Next.js loads import `server-only` (the build then fails if a client component
// pulls them in). Modules shared with the worker, the scripts and the benchmarks cannot (they run
// outside Next.js), so for those the boundary is this rule: a file that starts with "use client"
// may not import them, except as `import type`.
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

/** Module specifiers a client component must never load at run time. */
const SERVER_MODULES = [
  /^pg(-.*)?$/,
  /^node:/,
  /^exceljs$/,
  /^@node-rs\//,
  /^@prisma\//,
  /^next\/headers$/,
  /^@\/lib\/(db|auth|action|audit|server-action|prisma-client|sql|env|log)$/,
  /\.queries$/,
  /^@\/lib\/auth\//,
  /^@\/lib\/generated\/prisma\/(client|models|internal)/,
  /^@\/lib\/jobs\//,
  // the file writers and the report files (shared with the benchmarks, so no server-only there)
  /^@\/lib\/exports\/(cursor|files)$/,
  /^@\/lib\/reports\/(exports|request)$/,
  // reads, writes and set-based SQL of every feature
  /^@\/lib\/[^/]+\/(queries|commands|[a-z-]+-queries|[a-z-]+-commands|[a-z-]+-sql|generate|record|claim|queue|engine|lifecycle|task-lifecycle|client-lifecycle|job|write|dedupe|upload|http|parse|apply|feeds|fhir|sheets|tasks)$/,
];

const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: 'Files marked "use client" may not import server modules (except `import type`).' },
    schema: [],
    messages: { server: '"use client" file imports the server module "{{source}}": move the work to a server component, an action or a route.' },
  },
  create(context) {
    const body = context.sourceCode.ast.body;
    const isClient = body.some(
      (n) => n.type === "ExpressionStatement" && n.directive === "use client",
    );
    if (!isClient) return {};
    const check = (node, source, typeOnly) => {
      if (typeOnly || typeof source !== "string") return;
      if (SERVER_MODULES.some((re) => re.test(source))) context.report({ node, messageId: "server", data: { source } });
    };
    return {
      ImportDeclaration(node) {
        const allTypes = node.importKind === "type" || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type"));
        check(node, node.source.value, allTypes);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value, false);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === "type");
      },
    };
  },
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    ignores: ["lib/generated/**", "lib/**/*.queries.ts", ".next/**", ".next-*/**", ".data/**", "node_modules/**", "playwright-report/**", "test-results/**", "next-env.d.ts"],
  },
  {
    plugins: { local: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "local/client-boundary": "error",
      "@typescript-eslint/no-explicit-any": "error",
      // `_name` marks a value deliberately left unused (destructuring it away).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // A page's "not found" goes through pageNotFound (lib/auth.ts): next/navigation's own leaves the
    // page's RSC payload with status 200 (lib/observability/rsc-status.ts).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "next/navigation", importNames: ["notFound"], message: "Use pageNotFound from @/lib/auth: it also sets the RSC response's 404." }] }],
    },
  },
  {
    // next.config.js is CommonJS (Next.js loads it with require).
    files: ["next.config.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests, scripts and benchmarks run in Node, outside React.
    files: ["tests/**", "scripts/**", "bench/**", "prisma/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;
