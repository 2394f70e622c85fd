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
    // jsdom has no layout: give the zone a box at (0,0)-(100,50).
    const zone = view.getByTestId('zone');
    zone.getBoundingClientRect = () => ({ left: 0, top: 0, right: 100, bottom: 50, width: 100, height: 50, x: 0, y: 0, toJSON: () => ({}) });
    const drop = (x: number, y: number): DroppedFiles => ({ x, y, files: [{ token: 'a1', name: 'log.txt' }, { token: 'b2', name: 'shot.png' }] });

    listener!(drop(5, 6));
    expect(onDrop).toHaveBeenCalledWith(['a1', 'b2']);

    onDrop.mockClear();
    listener!(drop(150, 6));
    listener!(drop(5, 70));
    expect(onDrop).not.toHaveBeenCalled();

    view.unmount();
    expect(listener).toBeUndefined();
  });
});
