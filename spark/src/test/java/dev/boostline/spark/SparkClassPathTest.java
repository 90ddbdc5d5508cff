package dev.boostline.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The libraries Spark and xgboost4j-spark both bring are on the class path once. */
class SparkClassPathTest {
  @Test
  void one_kryo_and_it_is_sparks() throws IOException {
    // xgboost4j-spark asks for Kryo 5 and Spark ships kryo-shaded 4 with the same classes: with
    // both, executors failed (NoSuchMethodError in chill's KryoBase) once a cached block spilled
    // to disk, which the 5M-row run on the loopback cluster did and the small tests never do.
    List<URL> copies =
        Collections.list(
            getClass().getClassLoader().getResources("com/esotericsoftware/kryo/Kryo.class"));
    assertThat(copies).as("jars holding com.esotericsoftware.kryo.Kryo").hasSize(1);
    assertThat(copies.get(0).toString()).contains("kryo-shaded-4");
  }
}
