package io.affinity.serving.events;

import io.affinity.store.StoreException;
import io.affinity.store.events.Event;
import io.affinity.store.events.EventCodec;
import io.affinity.store.events.EventLog;
import io.affinity.store.events.LoggedEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster event log: one Kafka topic with a single partition, so the Kafka offset is the log
 * offset every replica and the train job agree on. {@link #append} returns once the broker has the
 * batch ({@code acks=all}, idempotent producer); every replica, the receiving one included, learns
 * of events from its consumer ({@link #subscribe}) and folds them in, so an event posted to one
 * replica changes every replica's recommendations. Idempotency keys are checked against the keys
 * this replica has produced or consumed (a replay that reaches another replica before that one has
 * consumed the original can be stored twice; route retries of one client to one replica).
 */
public final class KafkaEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventLog.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private final String bootstrap;
  private final TopicPartition partition;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Set<String> keys = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Thread consumerThread;

  /** Connects to {@code bootstrap} and creates the topic (one partition) when it does not exist. */
  public KafkaEventLog(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.partition = new TopicPartition(topic, 0);
    Properties admin = new Properties();
    admin.put("bootstrap.servers", bootstrap);
    try (Admin a = Admin.create(admin)) {
      int brokers = a.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
      a.createTopics(List.of(new NewTopic(topic, 1, (short) Math.min(3, brokers)))).all().get(30, TimeUnit.SECONDS);
      LOG.info("created event topic {} (1 partition, replication {})", topic, Math.min(3, brokers));
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new StoreException("cannot create the event topic " + topic + " on " + bootstrap + ": " + e.getCause(), e);
      }
    } catch (InterruptedException | TimeoutException e) {
      throw new StoreException("Kafka at " + bootstrap + " did not answer: " + e, e);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(p);
  }

  @Override
  public long[] append(List<Event> events) {
    long[] offsets = new long[events.size()];
    List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
    Set<String> batch = new HashSet<>();
    for (Event e : events) {
      String key = e.idempotencyKey();
      if (key != null && (keys.contains(key) || !batch.add(key))) {
        sent.add(null);
        continue;
      }
      sent.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(),
          e.userId().getBytes(java.nio.charset.StandardCharsets.UTF_8), EventCodec.encode(e))));
    }
    producer.flush();
    for (int x = 0; x < offsets.length; x++) {
      try {
        offsets[x] = sent.get(x) == null ? -1 : sent.get(x).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
      } catch (ExecutionException | TimeoutException e) {
        throw new StoreException("Kafka did not acknowledge event " + x + " of the batch: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for Kafka", e);
      }
    }
    keys.addAll(batch);
    return offsets;
  }

  @Override
  public boolean shared() {
    return true;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
    consumer.assign(List.of(partition));
    return consumer;
  }

  private static LoggedEvent decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      return new LoggedEvent(r.offset(), EventCodec.decode(r.value()));
    } catch (IOException e) {
      throw new StoreException("undecodable event at offset " + r.offset() + " of " + r.topic() + ": " + e, e);
    }
  }

  @Override
  public void replay(long fromOffset, Consumer<LoggedEvent> visitor) {
    replay(fromOffset, endOffset(), visitor);
  }

  @Override
  public void replay(long fromOffset, long toOffset, Consumer<LoggedEvent> visitor) {
    if (fromOffset >= toOffset) {
      return;
    }
    try (KafkaConsumer<byte[], byte[]> c = consumer()) {
      c.seek(partition, Math.max(fromOffset, c.beginningOffsets(List.of(partition)).get(partition)));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (c.position(partition) < toOffset) {
        if (System.nanoTime() > deadline) {
          throw new StoreException("replaying " + partition + " from " + fromOffset + " to " + toOffset + " timed out");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() >= toOffset) {
            return;
          }
          visitor.accept(decode(r));
        }
      }
    }
  }

  @Override
  public void subscribe(long fromOffset, Consumer<List<LoggedEvent>> sink) {
    consumerThread = new Thread(() -> {
      try (KafkaConsumer<byte[], byte[]> c = consumer()) {
        c.seek(partition, Math.max(fromOffset, c.beginningOffsets(List.of(partition)).get(partition)));
        while (!closed) {
          List<LoggedEvent> batch = new ArrayList<>();
          for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
            LoggedEvent e = decode(r);
            if (e.event().idempotencyKey() != null) {
              keys.add(e.event().idempotencyKey());
            }
            batch.add(e);
          }
          if (!batch.isEmpty()) {
            sink.accept(batch);
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        // closing
      } catch (RuntimeException e) {
        LOG.error("the Kafka event consumer stopped; this replica no longer sees other replicas' events", e);
      }
    }, "kafka-event-consumer");
    consumerThread.setDaemon(true);
    consumerThread.start();
  }

  @Override
  public long endOffset() {
    try (KafkaConsumer<byte[], byte[]> c = consumer()) {
      Map<TopicPartition, Long> end = c.endOffsets(List.of(partition));
      return end.get(partition);
    }
  }

  @Override
  public void close() {
    closed = true;
    producer.close(Duration.ofSeconds(10));
    if (consumerThread != null) {
      try {
        consumerThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
