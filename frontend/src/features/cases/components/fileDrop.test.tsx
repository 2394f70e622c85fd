import { render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DroppedFiles, useFileDrop } from './AttachmentPicker';

type Listener = (d: DroppedFiles) => void;

function Zone(props: { onDrop: (tokens: string[]) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useFileDrop(ref, props.onDrop);
  return (
    <div>
      <div ref={ref} data-testid="zone">
        <span data-testid="inside">drop here</span>
      </div>
      <p data-testid="outside">elsewhere</p>
    </div>
  );
}

describe('file drops', () => {
  afterEach(() => {
    delete (window as unknown as { runtime?: unknown }).runtime;
  });

  it('hands the zone the tokens Go granted, only for drops on it', () => {
    let listener: Listener | undefined;
    (window as unknown as { runtime: unknown }).runtime = {
      EventsOnMultiple: (name: string, cb: Listener) => {
        if (name === 'files:dropped') listener = cb;
        return () => (listener = undefined);
      },
    };
    const onDrop = vi.fn();
    const view = render(<Zone onDrop={onDrop} />);
    expect(listener).toBeDefined();
    // jsdom has no layout: say which element is under the drop point.
    const at = (id: string) =>
      Object.defineProperty(document, 'elementFromPoint', { value: () => view.getByTestId(id), configurable: true, writable: true });
    const drop: DroppedFiles = { x: 5, y: 6, files: [{ token: 'a1', name: 'log.txt' }, { token: 'b2', name: 'shot.png' }] };

    at('inside');
    listener!(drop);
    expect(onDrop).toHaveBeenCalledWith(['a1', 'b2']);

    onDrop.mockClear();
    at('outside');
    listener!(drop);
    expect(onDrop).not.toHaveBeenCalled();

    view.unmount();
    expect(listener).toBeUndefined();
  });
});
