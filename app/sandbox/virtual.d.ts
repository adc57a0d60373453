// The sandbox's bundled scripts as text (scripts/sandbox-scripts-plugin.ts).
declare module 'virtual:sandbox/doc' {
  const source: string;
  export default source;
}
declare module 'virtual:sandbox/runtime' {
  const source: string;
  export default source;
}
