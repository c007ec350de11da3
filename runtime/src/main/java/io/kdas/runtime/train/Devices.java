package io.kdas.runtime.train;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The devices TensorFlow sees in this process (as a session lists them): how a spec asking for a
 * GPU is refused on a machine or build without one, instead of silently running on the CPU.
 */
public final class Devices {

  /** One device, e.g. {@code /job:localhost/replica:0/task:0/device:CPU:0} of type CPU. */
  public record Device(String name, String type) {}

  private Devices() {}

  /** Lists the devices of a fresh session with default options. */
  public static List<Device> list() {
    TensorFlow.version(); // loads the native library
    TF_Status status = TF_NewStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Session session = null;
    try {
      session = TF_NewSession(graph, options, status);
      check(status);
      TF_DeviceList list = TF_SessionListDevices(session, status);
      check(status);
      try {
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < TF_DeviceListCount(list); i++) {
          String name = TF_DeviceListName(list, i, status).getString();
          String type = TF_DeviceListType(list, i, status).getString();
          check(status);
          devices.add(new Device(name, type));
        }
        return devices;
      } finally {
        TF_DeleteDeviceList(list);
      }
    } finally {
      if (session != null) {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      TF_DeleteStatus(status);
    }
  }

  /** Whether TensorFlow sees at least one GPU. */
  public static boolean hasGpu(List<Device> devices) {
    return devices.stream().anyMatch(d -> d.type().equalsIgnoreCase("GPU"));
  }

  /** e.g. "CPU:0" for the error messages. */
  public static String describe(List<Device> devices) {
    return String.join(", ", devices.stream()
        .map(d -> d.name().substring(d.name().lastIndexOf("device:") + 7)).toList());
  }

  private static void check(TF_Status status) {
    if (TF_GetCode(status) != 0) {
      throw new IllegalStateException("TensorFlow could not list its devices: "
          + TF_Message(status).getString());
    }
  }
}
