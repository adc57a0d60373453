// A moment shown relative to now ("5 min ago"), with the exact local time in a <time> element.
export function When(props: { at: number; now: number; text: string }) {
  const date = () => new Date(props.at);
  return (
    <time datetime={date().toISOString()} title={date().toLocaleString()}>
      {props.text}
    </time>
  );
}
