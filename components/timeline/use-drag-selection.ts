"use client";

// Press on one bucket, move, release on another: tracks the two bucket indexes while the button is
// down. Release is listened for on the window so letting go outside the chart still finishes the
// drag (with the last bucket the pointer was over); Escape cancels it.

import { useEffect, useEffectEvent, useState } from "react";

export type DragSelection = { anchorIndex: number; currentIndex: number };

export function useDragSelection(onRelease: (anchorIndex: number, releaseIndex: number) => void) {
  const [selection, setSelection] = useState<DragSelection | null>(null);
  const isDragging = selection !== null;

  const release = useEffectEvent(() => {
    setSelection(null);
    if (selection) onRelease(selection.anchorIndex, selection.currentIndex);
  });

  useEffect(() => {
    if (!isDragging) return;
    const onMouseUp = () => release();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setSelection(null);
    };
    window.addEventListener("mouseup", onMouseUp);
    window.addEventListener("keydown", onKeyDown);
    return () => {
      window.removeEventListener("mouseup", onMouseUp);
      window.removeEventListener("keydown", onKeyDown);
    };
  }, [isDragging]);

  return {
    selection,
    start(index: number) {
      setSelection({ anchorIndex: index, currentIndex: index });
    },
    moveTo(index: number) {
      // Same index → same object, so React skips the re-render on every pixel of movement.
      setSelection((current) => (current && current.currentIndex !== index ? { ...current, currentIndex: index } : current));
    },
  };
}
