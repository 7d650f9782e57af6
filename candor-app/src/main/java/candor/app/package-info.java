/** The {@code candor} program: its entry point and the wiring of the engine from options. */
package candor.app;
