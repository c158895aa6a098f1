// Builds src/main.js and src/slide.js into ../static/viewer3d/ (ES modules the case page
// imports: the image viewer and the whole-slide viewer; the
// decode worker as a separate module, the codecs' .wasm files under assets/: Vite follows
// the loader's new URL(…, import.meta.url) references to both).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "viewer3d");
export default defineConfig({
  base: "/static/viewer3d/",
  logLevel: "error",
  worker: { format: "es" },
  // xmlbuilder2 (via @cornerstonejs/metadata) extends Node's EventEmitter: use the npm
  // "events" package instead of Vite's empty browser stub
  resolve: { alias: { events: "events/events.js" } },
  build: {
    outDir: out,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      // the case page imports viewer3d.js for images and slide.js (OpenLayers) for slides
      input: { viewer3d: join(here, "src", "main.js"), slide: join(here, "src", "slide.js") },
      preserveEntrySignatures: "exports-only",
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "chunks/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
