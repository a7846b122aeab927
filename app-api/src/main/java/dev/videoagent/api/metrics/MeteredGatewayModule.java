package dev.videoagent.api.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Scope;
import com.google.inject.Singleton;
import com.google.inject.binder.ScopedBindingBuilder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import com.google.inject.spi.DefaultBindingScopingVisitor;
import com.google.inject.spi.DefaultBindingTargetVisitor;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import com.google.inject.spi.LinkedKeyBinding;
import com.google.inject.spi.ProviderInstanceBinding;
import com.google.inject.spi.ProviderKeyBinding;
import dev.videoagent.core.port.VideoGateway;
import java.lang.annotation.Annotation;

/**
 * A gateway module ({@code GatewayModule}, {@code SandboxModule}, a test's) whose {@link
 * VideoGateway} is wrapped in a counting decorator. Everything else the module binds (downloader,
 * webhook address, sandbox) stays as it is; only the gateway's binding moves to a private name, and
 * {@code VideoGateway} becomes the metered gateway over it.
 */
public final class MeteredGatewayModule extends AbstractModule {
  static final String UNMETERED = "videoagent.unmetered-gateway";
  private static final Key<VideoGateway> GATEWAY = Key.get(VideoGateway.class);
  private static final Key<VideoGateway> RAW = Key.get(VideoGateway.class, Names.named(UNMETERED));

  private final Module gateway;

  public MeteredGatewayModule(Module gateway) {
    this.gateway = gateway;
  }

  @Override
  protected void configure() {
    boolean found = false;
    for (Element element : Elements.getElements(gateway)) {
      if (element instanceof Binding<?> binding && binding.getKey().equals(GATEWAY)) {
        @SuppressWarnings("unchecked")
        Binding<VideoGateway> gatewayBinding = (Binding<VideoGateway>) binding;
        rebindUnderPrivateName(gatewayBinding);
        found = true;
      } else {
        element.applyTo(binder());
      }
    }
    if (!found) {
      throw new IllegalArgumentException(gateway + " binds no VideoGateway to meter");
    }
  }

  @Provides
  @Singleton
  VideoGateway metered(@Named(UNMETERED) VideoGateway raw, ServiceMetrics metrics) {
    return new MeteredVideoGateway(raw, metrics);
  }

  private void rebindUnderPrivateName(Binding<VideoGateway> binding) {
    ScopedBindingBuilder scoped =
        binding.acceptTargetVisitor(
            new DefaultBindingTargetVisitor<VideoGateway, ScopedBindingBuilder>() {
              @Override
              public ScopedBindingBuilder visit(ProviderInstanceBinding<? extends VideoGateway> b) {
                // @Provides methods arrive here; Guice injects their parameters as before.
                return bind(RAW).toProvider(b.getUserSuppliedProvider());
              }

              @Override
              public ScopedBindingBuilder visit(LinkedKeyBinding<? extends VideoGateway> b) {
                return bind(RAW).to(b.getLinkedKey());
              }

              @Override
              public ScopedBindingBuilder visit(ProviderKeyBinding<? extends VideoGateway> b) {
                return bind(RAW).toProvider(b.getProviderKey());
              }

              @Override
              public ScopedBindingBuilder visit(InstanceBinding<? extends VideoGateway> b) {
                bind(RAW).toInstance(b.getInstance());
                return null;
              }

              @Override
              protected ScopedBindingBuilder visitOther(Binding<? extends VideoGateway> b) {
                throw new IllegalArgumentException(
                    "cannot meter the VideoGateway bound at "
                        + b.getSource()
                        + ": bind it with @Provides, to(…), toProvider(…) or toInstance(…)");
              }
            });
    if (scoped == null) {
      return;
    }
    binding.acceptScopingVisitor(
        new DefaultBindingScopingVisitor<Void>() {
          @Override
          public Void visitEagerSingleton() {
            scoped.asEagerSingleton();
            return null;
          }

          @Override
          public Void visitScope(Scope scope) {
            scoped.in(scope);
            return null;
          }

          @Override
          public Void visitScopeAnnotation(Class<? extends Annotation> scopeAnnotation) {
            scoped.in(scopeAnnotation);
            return null;
          }
        });
  }
}
