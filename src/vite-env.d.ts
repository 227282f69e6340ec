/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite/client" />

/** Set by vite.config.ts: identifies this build (see the update prompt). */
declare const __ALEX_BUILD__: string;
