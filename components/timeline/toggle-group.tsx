// A row of mutually exclusive buttons (aria-pressed), e.g. Day | Week | Month. Real <button>s, so
// Tab and Enter/Space work without extra code.

type ToggleOption<T extends string> = { value: T; label: string };

type ToggleGroupProps<T extends string> = {
  label: string;
  options: ReadonlyArray<ToggleOption<T>>;
  value: T;
  onChange(value: T): void;
};

export function ToggleGroup<T extends string>({ label, options, value, onChange }: ToggleGroupProps<T>) {
  return (
    <div role="group" aria-label={label} className="inline-flex overflow-hidden rounded border border-stone-300 bg-white text-sm">
      {options.map((option) => {
        const isPressed = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={isPressed}
            // Pressing the current value again would only trigger a pointless navigation.
            onClick={() => !isPressed && onChange(option.value)}
            className={`border-l border-stone-300 px-3 py-1 first:border-l-0 focus-visible:relative focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-sky-700 ${
              isPressed ? "bg-stone-800 text-white" : "text-stone-700 hover:bg-stone-100"
            }`}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
