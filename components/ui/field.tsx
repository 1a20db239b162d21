"use client";

// A form field's pieces, one way for every form: the label (with a visible asterisk when the
// field is required; the input itself carries aria-required), the input's id and ARIA wiring, an
// optional hint and the error message, each tied to the input by aria-describedby.

import { useEffect } from "react";

export const fieldId = (name: string) => `field-${name}`;
export const errorId = (name: string) => `error-${name}`;

/** The props an input needs for its label, its error and its hint. */
export function controlProps(name: string, error: string | undefined, { required = false, hint }: { required?: boolean; hint?: string } = {}) {
  const describedBy = [hint, error ? errorId(name) : null].filter(Boolean).join(" ");
  return {
    id: fieldId(name),
    name,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
    "aria-required": required ? (true as const) : undefined,
  };
}

/** The label's text with the required marker: a visible asterisk, hidden from screen readers (the input says it). */
export function LabelText({ text, required }: { text: string; required?: boolean }) {
  return (
    <>
      {text}
      {required && <span aria-hidden="true" className="ml-0.5 text-red-800">*</span>}
    </>
  );
}

/** The message under a field; its input names it in aria-describedby. */
export function FieldError({ name, text }: { name: string; text?: string }) {
  return text ? <p id={errorId(name)} className="mt-1 text-sm text-red-800" data-error-for={name}>{text}</p> : null;
}

export function Field({ label, name, error, required, children, className = "text-sm font-semibold" }: {
  label: string; name: string; error?: string; required?: boolean; children: React.ReactNode; className?: string;
}) {
  return (
    <div>
      <label htmlFor={fieldId(name)} className={className}><LabelText text={label} required={required} /></label>
      {children}
      <FieldError name={name} text={error} />
    </div>
  );
}

/**
 * The same wiring for an input another component renders (a picker that takes only an id):
 * sets aria-describedby and aria-required on the element with the field's id.
 */
export function useFieldAria(name: string, error: string | undefined, { required = false }: { required?: boolean } = {}) {
  useEffect(() => {
    const input = document.getElementById(fieldId(name));
    if (!input) return;
    if (error) input.setAttribute("aria-describedby", errorId(name));
    else input.removeAttribute("aria-describedby");
    if (required) input.setAttribute("aria-required", "true");
    else input.removeAttribute("aria-required");
  }, [name, error, required]);
}
