import { deleteAnnotation, listAnnotations, saveAnnotation } from '../../data/annotations';
import type { AnnotationStore } from '../types';

/** The signed-in user's annotations of one book, in the database (/read/:bookId). */
export function dbAnnotationStore(bookId: string): AnnotationStore {
  return {
    list: () => listAnnotations(bookId),
    save: (input) => saveAnnotation(bookId, input),
    remove: (id) => deleteAnnotation(id),
  };
}
