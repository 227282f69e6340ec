/**
 * The Web Lock every database call holds (startDatabase). Its own module so a worker that only
 * needs the name (the sync worker) does not bundle the handlers.
 */
export const DB_LOCK = 'alex-db';
