/** A place in a note (a coded passage, a quote, a unit to adjudicate) that a screen can open the workbench at. */
export interface NotePlace {
  interviewId: string;
  noteId: string;
  start: number;
  end: number;
}
