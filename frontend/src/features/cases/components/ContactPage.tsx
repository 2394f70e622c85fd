import { useLocation, useParams } from 'react-router';
import { ContactForm, type SuggestionsSlot } from './ContactForm';

/**
 * Contact Support: a new case (/contact) or a draft (/contact/:draftId).
 * suggestions is the knowledge articles panel beside the form; the app
 * passes it in.
 */
export function ContactPage(props: { suggestions: SuggestionsSlot }) {
  const { draftId = '' } = useParams();
  const location = useLocation();
  // A new key resets the form when the user switches drafts or starts a
  // new case. The URL also changes when the form's first autosave creates
  // its draft; that navigation carries the form's key along, so the form
  // is not remounted and the keystrokes typed while the save was on its
  // way are kept.
  const kept = (location.state as { formKey?: string } | null)?.formKey;
  const formKey = kept ?? (draftId || location.key);
  return <ContactForm key={formKey} formKey={formKey} draftId={draftId} suggestions={props.suggestions} />;
}
