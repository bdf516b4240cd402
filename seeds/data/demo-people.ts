/**
 * Demo people. Every one is fictional: invented names and example.org addresses
 * (reserved for documentation, never delivered). No real person is seeded.
 */
export const demoPeople: {
  name: string;
  email: string;
  consent: { contact: boolean; photo: boolean };
}[] = [
  { name: 'Carla Comms (demo)', email: 'comms@example.org', consent: { contact: true, photo: false } },
  {
    name: 'Frida Facilitator (demo)',
    email: 'facilitator@example.org',
    consent: { contact: true, photo: true },
  },
  {
    name: 'Rafa Rapporteur (demo)',
    email: 'rapporteur@example.org',
    consent: { contact: true, photo: false },
  },
  { name: 'Vic Visitor (demo)', email: 'visitor@example.org', consent: { contact: false, photo: false } },
];
