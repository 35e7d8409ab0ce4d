export interface MarkdownNode {
  type: string;
  depth?: number;
  children?: MarkdownNode[];
}

/**
 * Heading levels ranked: the levels a text uses become 1, 2, 3… in order (`## Goals` then `####
 * Notes` → 1 and 2), so its headings (h3 onwards here, under the page's h2 sections) never skip a
 * level — a skipped level misleads screen-reader users navigating by headings (axe heading-order).
 */
export function remarkRankHeadings() {
  return (tree: MarkdownNode) => {
    const headings: MarkdownNode[] = [];
    const walk = (node: MarkdownNode) => {
      if (node.type === "heading") headings.push(node);
      node.children?.forEach(walk);
    };
    walk(tree);
    const ranks = [...new Set(headings.map((heading) => heading.depth ?? 1))].sort((a, b) => a - b);
    for (const heading of headings) heading.depth = ranks.indexOf(heading.depth ?? 1) + 1;
  };
}
