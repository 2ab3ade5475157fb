package io.github.osbsdk.broker.testkit.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopbackBindingTest {

    @Test
    void simulatorListensOnLoopbackOnlyAtARandomPort() throws Exception {
        try (IamSimulator iam = IamSimulator.start(); IamSimulator other = IamSimulator.start()) {
            assertThat(iam.baseUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(iam.baseUrl().getPort()).isPositive()
                    .isNotEqualTo(other.baseUrl().getPort());
            assertThat(iam.baseUrl().getPath()).isEmpty();
            assertThat(iam.toString()).contains(iam.baseUrl().toString());

            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertThatThrownBy(() -> connect(external.get(), iam.baseUrl().getPort()))
                        .isInstanceOf(IOException.class);
            }
            connect(InetAddress.getByName("127.0.0.1"), iam.baseUrl().getPort());
        }
    }

    @Test
    void closedSimulatorRefusesConnections() throws Exception {
        IamSimulator iam = IamSimulator.start();
        int port = iam.baseUrl().getPort();

        iam.close();
        iam.close();

        assertThatThrownBy(() -> connect(InetAddress.getByName("127.0.0.1"), port))
                .isInstanceOf(IOException.class);
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 500);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
