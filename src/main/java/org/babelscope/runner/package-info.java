/**
 * Runs the native model work of a command in a child JVM, the runner, so that a llama.cpp abort
 * or segfault ends the runner and not the user's process.
 *
 * <p>llama.cpp aborts the process on many inputs it cannot handle (a tensor of an unexpected
 * type, a vocabulary with two equal tokens, ...), and a Java check cannot follow every assertion
 * of every release. So the user's process runs a command up to its Java gate
 * ({@code ModelOpener.check}: options, inputs, the GGUF check); past the gate the command starts
 * over in a runner with the same arguments ({@link Isolation}), while the user's process forwards
 * the runner's output and waits. If the runner dies of a signal, {@link RunnerProcess} turns its
 * last words (the GGML_ASSERT line, or the JVM's crash report) into one line naming the model,
 * removes what the runner had begun and not finished ({@link RunnerJournal}), and exits 2.
 * Ollama runs llama.cpp in a runner process for the same reason.
 */
package org.babelscope.runner;
