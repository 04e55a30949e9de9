"""The reflections app's pages, one module each: feedback, actions, reflections,
celebrations and contributions."""
