// Build-time constants defined in vite.config.ts.
interface ImportMetaEnv {
  /** package.json's version. */
  readonly APP_VERSION: string;
}
