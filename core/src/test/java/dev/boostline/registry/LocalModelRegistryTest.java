package dev.boostline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.boostline.model.ModelLoadException;
import dev.boostline.registry.local.LocalModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest extends ModelRegistryContract {
  @TempDir Path home;
  private int opened;

  @Override
  protected ModelRegistry registry() {
    return LocalModelRegistry.open(home.resolve("h" + (opened++)));
  }

  @Test
  void files_follow_the_documented_layout() {
    LocalModelRegistry r = LocalModelRegistry.open(home);
    r.register("churn", a(), Optional.empty());
    r.setAlias("churn", "production", 1, "go", Optional.empty());
    Path v1 = home.resolve("models/churn/1");
    for (String f :
        new String[] {
          "MLmodel",
          "model.ubj",
          "conda.yaml",
          "python_env.yaml",
          "requirements.txt",
          "input_example.json",
          "boostline.json",
          "version.json"
        }) {
      assertThat(v1.resolve(f)).isRegularFile();
    }
    assertThat(home.resolve("models/churn/aliases.json")).isRegularFile();
    assertThat(home.resolve("models/churn/audit.jsonl")).isRegularFile();
  }

  @Test
  void a_hand_edited_model_file_is_refused_on_load() throws Exception {
    LocalModelRegistry r = LocalModelRegistry.open(home);
    r.register("churn", a(), Optional.empty());
    Path model = home.resolve("models/churn/1/model.ubj");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(model, bytes);
    assertThatThrownBy(() -> r.bundle(ModelRef.parse("churn@1")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("checksum mismatch");
  }
}
