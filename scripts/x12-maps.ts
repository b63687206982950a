// `npx tsx scripts/x12-maps.ts [<pyx12 map folder>]`: turns the pyx12 XML maps of the X12 5010
// implementation guides (837P, 837I, 835, 999) into the compact JSON that src/interop/x12/guide.ts
// reads, with each element's type and lengths from dataele.xml folded in. The JSON is committed
// (src/interop/x12/maps/); run this again only to take a newer edition of the maps.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = resolve(process.argv[2] ?? join(ROOT, "../shared/data/x12-maps"));
const OUT = join(ROOT, "src/interop/x12/maps");

const MAPS: Array<[file: string, out: string]> = [
  ["837.5010.X222.A1.xml", "837P.json"],
  ["837Q3.I.5010.X223.A1.xml", "837I.json"],
  ["835.5010.X221.A1.xml", "835.json"],
  ["999.5010X231.A1.xml", "999.json"],
];

// ---------------------------------------------------------------- a small XML reader (the maps use no namespaces, CDATA or entities beyond &gt; &lt; &amp;)

interface XmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

function parseXml(xml: string): XmlNode {
  const root: XmlNode = { tag: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    const [, close, tag, attrText, selfClose, text] = m;
    if (text !== undefined) {
      stack[stack.length - 1]!.text += unescapeXml(text);
      continue;
    }
    if (!tag) continue; // comment or declaration
    if (close) {
      const open = stack.pop()!;
      if (open.tag !== tag) throw new Error(`XML: </${tag}> closes <${open.tag}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
    const node: XmlNode = { tag, attrs, children: [], text: "" };
    stack[stack.length - 1]!.children.push(node);
    if (!selfClose) stack.push(node);
  }
  return root;
}

const child = (n: XmlNode, tag: string) => n.children.find((c) => c.tag === tag);
const textOf = (n: XmlNode, tag: string) => child(n, tag)?.text.trim();

// ---------------------------------------------------------------- conversion

interface DataElement {
  type: string;
  min: number;
  max: number;
}

function dataElements(): Map<string, DataElement> {
  const doc = parseXml(readFileSync(join(SOURCE, "dataele.xml"), "utf8"));
  const out = new Map<string, DataElement>();
  for (const d of child(doc, "data_elements")!.children) {
    out.set(d.attrs.ele_num!, { type: d.attrs.data_type!, min: Number(d.attrs.min_len), max: Number(d.attrs.max_len) });
  }
  return out;
}

function convert(node: XmlNode, elements: Map<string, DataElement>): unknown {
  const usage = textOf(node, "usage") ?? "R";
  const name = textOf(node, "name") ?? "";
  if (node.tag === "loop") {
    const repeat = textOf(node, "repeat") ?? "1";
    return {
      loop: node.attrs.xid,
      name,
      usage,
      repeat: repeat.startsWith(">") ? null : Number(repeat),
      children: node.children.filter((c) => c.tag === "loop" || c.tag === "segment").map((c) => convert(c, elements)),
    };
  }
  if (node.tag === "segment") {
    const max = textOf(node, "max_use") ?? "1";
    const syntax = node.children.filter((c) => c.tag === "syntax").map((c) => c.text.trim());
    return {
      seg: node.attrs.xid,
      name,
      usage,
      max: max.startsWith(">") ? null : Number(max),
      ...(syntax.length ? { syntax } : {}),
      elements: node.children.filter((c) => c.tag === "element" || c.tag === "composite").map((c) => convert(c, elements)),
    };
  }
  const de = textOf(node, "data_ele")!;
  const seq = Number(textOf(node, "seq"));
  if (node.tag === "composite") {
    return { comp: node.attrs.xid, de, name, usage, seq, elements: node.children.filter((c) => c.tag === "element").map((c) => convert(c, elements)) };
  }
  const d = elements.get(de);
  if (!d) throw new Error(`data element ${de} (${node.attrs.xid}) is not in dataele.xml`);
  const codesNode = child(node, "valid_codes");
  const codes = codesNode?.children.filter((c) => c.tag === "code").map((c) => c.text.trim()) ?? [];
  const regex = codesNode ? undefined : textOf(node, "regex");
  return {
    el: node.attrs.xid,
    de,
    name,
    usage,
    seq,
    type: d.type,
    min: d.min,
    max: d.max,
    ...(codes.length ? { codes } : {}),
    ...(codesNode?.attrs.external ? { external: codesNode.attrs.external } : {}),
    ...(regex ? { regex } : {}),
  };
}

const elements = dataElements();
for (const [file, out] of MAPS) {
  const doc = parseXml(readFileSync(join(SOURCE, file), "utf8"));
  const transaction = child(doc, "transaction")!;
  const map = {
    source: `pyx12 pyx12/map/${file} (BSD-3-Clause, see LICENSE.txt), element types and lengths from dataele.xml`,
    transaction: transaction.attrs.xid,
    name: textOf(transaction, "name"),
    root: convert(child(transaction, "loop")!, elements),
  };
  writeFileSync(join(OUT, out), JSON.stringify(map) + "\n");
  console.log(`${file} -> ${join("src/interop/x12/maps", out)}`);
}
copyFileSync(join(SOURCE, "LICENSE.txt"), join(OUT, "LICENSE.txt"));
