import 'solid-js';

// Solid's JSX types lack the non-standard (but universally supported) folder input attribute.
declare module 'solid-js' {
  namespace JSX {
    interface InputHTMLAttributes<T> {
      webkitdirectory?: boolean;
    }
  }
}
