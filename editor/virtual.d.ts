// The type of the demo data module that scripts/editor-data.ts provides at build time.
declare module "virtual:edict-demo-data" {
  const data: {
    entry: string;
    files: Record<string, string>;
    examples: Array<{ name: string; description?: string; claim: unknown; context: unknown; expected?: { status?: string; totals?: Record<string, string> } }>;
  };
  export default data;
}
