"use client";

import { useEffect, type ReactNode, type RefObject } from "react";

const inputClass =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 aria-[invalid=true]:border-rose-500";

/** A labelled input of an auth form; its error is announced with it (aria-describedby). */
export function AuthField(props: {
  id: string;
  label: string;
  type: string;
  autoComplete: string;
  error?: string;
  hint?: string;
  defaultValue?: string;
}) {
  const describedBy = props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.id}
        type={props.type}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className={inputClass}
      />
      {props.error ? (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-rose-700">
          {props.error}
        </p>
      ) : (
        props.hint && (
          <p id={`${props.id}-hint`} className="mt-1 text-xs text-slate-500">
            {props.hint}
          </p>
        )
      )}
    </div>
  );
}

/** A form-level message (the API's refusal); `id` is what the form's aria-describedby points at. */
export function FormError({ id = "form-error", children }: { id?: string; children: ReactNode }) {
  return (
    <div id={id} role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {children}
    </div>
  );
}

/** After a refused submit, focus goes to the first invalid field (keyboard and screen-reader users land on the problem). */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, errors: object) {
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
