// Builds src/main.js into ../static/charts/charts.js: one ES module holding the parts of
// Apache ECharts the big screen and the statistics page use (tree-shaken, canvas renderer).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
export default defineConfig({
  base: "/static/charts/",
  logLevel: "error",
  build: {
    outDir: join(here, "..", "static", "charts"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: join(here, "src", "main.js"),
      preserveEntrySignatures: "exports-only",
      output: { entryFileNames: "charts.js", chunkFileNames: "chunks/[name]-[hash].js" },
    },
  },
});
