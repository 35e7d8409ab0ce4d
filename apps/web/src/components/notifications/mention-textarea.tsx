"use client";

import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from "react";
import { matchMembers, mentionQueryAt, type MentionMember } from "~/lib/mentions";
import { useMentionMembers } from "./mention-members";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange"> & {
  value: string;
  onValueChange: (value: string) => void;
};

/**
 * A textarea that offers the organization's members after `@`: ↑/↓ choose, Enter or Tab insert
 * `@Name `, Escape closes. Mentions stay readable while typing; the form converts them to ids on
 * save (lib/mentions). Without a member list it is a plain textarea.
 */
export function MentionTextarea({ value, onValueChange, onKeyDown, className = "", ...rest }: Props) {
  const members = useMentionMembers();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  // Where the caret goes after an insertion: set in the same commit as the new text, so the next
  // key typed lands after the mention (a frame later would race fast typing).
  const caretAfterInsert = useRef<number | null>(null);
  useLayoutEffect(() => {
    const position = caretAfterInsert.current;
    if (position === null || !ref.current) return;
    caretAfterInsert.current = null;
    ref.current.focus();
    ref.current.setSelectionRange(position, position);
  });
  const options: MentionMember[] = members && query ? matchMembers(members, query.query) : [];
  const open = options.length > 0;

  const track = (text: string, caret: number) => {
    const next = members ? mentionQueryAt(text, caret) : null;
    setQuery(next);
    setActive(0);
  };

  const insert = (member: MentionMember) => {
    if (!query) return;
    const caret = ref.current?.selectionStart ?? value.length;
    const next = `${value.slice(0, query.start)}@${member.name} ${value.slice(caret)}`;
    const position = query.start + member.name.length + 2;
    caretAfterInsert.current = position;
    onValueChange(next);
    setQuery(null);
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
        return;
      }
      if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
        event.preventDefault();
        insert(options[active] ?? options[0]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    onKeyDown?.(event);
  };

  return (
    <div className="relative">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete={members ? "list" : undefined}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onValueChange(event.target.value);
          track(event.target.value, event.target.selectionStart);
        }}
        onClick={(event) => track(value, event.currentTarget.selectionStart)}
        onBlur={() => setQuery(null)}
        onKeyDown={keyDown}
        className={className}
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Mention a member"
          data-testid="mention-options"
          className="absolute left-0 z-30 mt-1 max-h-60 w-64 max-w-full overflow-y-auto rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
        >
          {options.map((member, index) => (
            <li
              key={member.userId}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // Keep the textarea focused: choose on mousedown, before its blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                insert(member);
              }}
              className={`cursor-pointer px-3 py-1.5 ${index === active ? "bg-brand-50 text-brand-800" : "text-slate-800"}`}
            >
              {member.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
