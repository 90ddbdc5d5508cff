package dev.boostline.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/** Graceful stops on SIGTERM and SIGINT for the long-running commands. */
final class Signals {
  private Signals() {}

  /**
   * Runs {@code action} on SIGTERM and SIGINT instead of the JVM's default exit (status 143), so a
   * graceful stop exits 0. Uses the JDK's sun.misc.Signal through reflection (it has no public
   * replacement); where it is missing, the shutdown hook still stops the server.
   */
  static void onTerminate(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler ih =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              action.run();
            }
            return null;
          };
      Object h = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, ih);
      for (String name : new String[] {"TERM", "INT"}) {
        Object sig = signal.getConstructor(String.class).newInstance(name);
        signal.getMethod("handle", signal, handler).invoke(null, sig, h);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not available on this JVM: the shutdown hook still closes the server gracefully.
    }
  }
}
