// subset-font ships no types; the calls scripts/fonts/ makes.
declare module "subset-font" {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: "sfnt" | "woff" | "woff2"; preserveNameIds?: number[]; keepFeatures?: string[]; noLayoutClosure?: boolean; dropTables?: string[] },
  ): Promise<Buffer>;
}
