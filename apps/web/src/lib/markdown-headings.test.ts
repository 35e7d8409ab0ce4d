import { describe, expect, it } from "vitest";
import { remarkRankHeadings, type MarkdownNode } from "./markdown-headings";

const heading = (depth: number): MarkdownNode => ({ type: "heading", depth, children: [{ type: "text" }] });

function ranked(tree: MarkdownNode): number[] {
  remarkRankHeadings()(tree);
  const depths: number[] = [];
  const walk = (node: MarkdownNode) => {
    if (node.type === "heading") depths.push(node.depth ?? 0);
    node.children?.forEach(walk);
  };
  walk(tree);
  return depths;
}

describe("remarkRankHeadings", () => {
  it("turns the levels a text uses into consecutive ranks, in document order", () => {
    const tree = { type: "root", children: [heading(2), { type: "paragraph" }, heading(4), heading(2), heading(6)] };
    expect(ranked(tree)).toEqual([1, 2, 1, 3]);
  });

  it("finds headings nested in lists and quotes, and leaves a text without headings alone", () => {
    const nested = { type: "root", children: [{ type: "blockquote", children: [heading(3)] }, heading(5)] };
    expect(ranked(nested)).toEqual([1, 2]);
    const plain: MarkdownNode = { type: "root", children: [{ type: "paragraph", children: [{ type: "text" }] }] };
    expect(ranked(plain)).toEqual([]);
  });
});
