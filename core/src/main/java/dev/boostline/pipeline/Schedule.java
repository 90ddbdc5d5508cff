package dev.boostline.pipeline;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron schedule in an explicit time zone: Unix syntax (5 fields, {@code 0 3 * * 1} is Mondays at
 * 03:00) or Quartz syntax (6 or 7 fields with seconds, {@code 0 0 3 ? * MON}). Immutable.
 */
public final class Schedule {
  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  private Schedule(String expression, ZoneId zone, ExecutionTime times) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
  }

  /**
   * Parses a cron expression.
   *
   * @throws IllegalArgumentException naming the expression and what is wrong with it
   */
  public static Schedule parse(String expression, ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    String e = expression.trim();
    int fields = e.isEmpty() ? 0 : e.split("\\s+").length;
    CronType type =
        switch (fields) {
          case 5 -> CronType.UNIX;
          case 6, 7 -> CronType.QUARTZ;
          default ->
              throw new IllegalArgumentException(
                  "cron expression \""
                      + expression
                      + "\" has "
                      + fields
                      + " fields; expected 5 (Unix: minute hour day month weekday) or 6-7"
                      + " (Quartz: second minute hour day month weekday [year])");
        };
    try {
      Cron cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type)).parse(e);
      cron.validate();
      return new Schedule(e, zone, ExecutionTime.forCron(cron));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          "cron expression \"" + expression + "\" does not parse: " + ex.getMessage(), ex);
    }
  }

  /** The first time strictly after {@code after} the schedule fires, if it ever does. */
  public Optional<Instant> next(Instant after) {
    return times.nextExecution(after.atZone(zone)).map(z -> z.toInstant());
  }

  /** The last time at or before {@code at} the schedule fired, if it ever did. */
  public Optional<Instant> previous(Instant at) {
    return times.lastExecution(at.atZone(zone)).map(z -> z.toInstant());
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /** The time zone the expression is read in. */
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
