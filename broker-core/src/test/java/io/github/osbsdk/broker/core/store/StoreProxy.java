package io.github.osbsdk.broker.core.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A {@link BrokerStore} in front of another, for tests that make the store fail, lie about its
 * clock or change what is passed on: every call goes to the {@link Interceptor}, which calls
 * through with {@link Call#proceed} (with the same or other arguments) or answers by itself.
 */
public final class StoreProxy {
  private StoreProxy() {}

  /** Decides about one call. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * @param method the {@link BrokerStore} method called
     * @param args its arguments (null when it has none)
     * @param target calls the store behind
     * @return what the call returns
     * @throws Throwable what the call throws
     */
    Object call(Method method, Object[] args, Call target) throws Throwable;
  }

  /** The call on the store behind. */
  @FunctionalInterface
  public interface Call {
    /**
     * @param args the arguments to pass on
     * @return what the store returned
     * @throws Throwable what the store threw (unwrapped)
     */
    Object proceed(Object[] args) throws Throwable;
  }

  /**
   * @param target the store behind
   * @param interceptor what happens to each call
   * @return the store in front; {@link AutoCloseable} when {@code target} is, its
   *     {@code close()} going to the interceptor too, so whoever closes the store in front
   *     closes the one behind
   */
  public static BrokerStore around(BrokerStore target, Interceptor interceptor) {
    Class<?>[] types = target instanceof AutoCloseable
        ? new Class<?>[] {BrokerStore.class, AutoCloseable.class}
        : new Class<?>[] {BrokerStore.class};
    return (BrokerStore) Proxy.newProxyInstance(BrokerStore.class.getClassLoader(), types,
        (proxy, method, args) ->
            interceptor.call(method, args, a -> {
              try {
                return method.invoke(target, a);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
