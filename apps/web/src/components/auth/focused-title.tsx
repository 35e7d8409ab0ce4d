"use client";

import { useEffect, useRef } from "react";

/** An h1 that takes focus once, when it appears (a form turning into its result: keyboards and screen readers follow). */
export function FocusedTitle({ className, children }: { className: string; children: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h1 ref={heading} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
