package io.github.cdkmfa.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.cdkmfa.MfaEnforcement;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

class SampleConfigTest {

    private static SampleConfig read(Map<String, Object> context) {
        return SampleConfig.fromContext(new App(AppProps.builder().context(context).build()).getNode());
    }

    @Test
    void defaultsWhenNoContextIsGiven() {
        SampleConfig config = read(Map.of());
        assertThat(config).isEqualTo(new SampleConfig("mfa-enforced-users", MfaEnforcement.CONSOLE_AND_API, null,
                true, List.of(), false, true, "", false, null, "us-east-1", List.of()));
    }

    @Test
    void alertRegionsNarrowOrTurnOffTheForwarding() {
        assertThat(read(Map.of("alertRegions", "eu-west-1, ap-east-1")).alertRegions())
                .containsExactly("eu-west-1", "ap-east-1");
        assertThat(read(Map.of("alertRegions", "none")).alertRegions()).isEmpty();
        assertThat(read(Map.of("alertRegions", "default")).alertRegions()).isNull();
    }

    @Test
    void failsWhenAnAlertRegionIsNotARegionName() {
        assertThatThrownBy(() -> read(Map.of("alertRegions", "eu-west-1,Frankfurt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("context key 'alertRegions': 'eu-west-1,Frankfurt' is not allowed.")
                .hasMessageContaining("offending name: 'Frankfurt'");
    }

    @Test
    void failsWhenTheHomeRegionIsNotARegionName() {
        assertThatThrownBy(() -> read(Map.of("homeRegion", "virginia")))
                .hasMessageStartingWith("context key 'homeRegion': 'virginia' is not allowed.");
    }

    @Test
    void readsEveryKeyAsTheCommandLineGivesIt() {
        SampleConfig config = read(Map.of("groupName", "admins", "enforcement", "console-only", "maxMfaAge", "PT12H",
                "powerUserAccess", "false", "users", "alice, bob", "allowPasswordChangeWithoutMfa", "TRUE"));
        assertThat(config.groupName()).isEqualTo("admins");
        assertThat(config.enforcement()).isEqualTo(MfaEnforcement.CONSOLE_ONLY);
        assertThat(config.maxMfaAge().toSeconds()).isEqualTo(43200);
        assertThat(config.powerUserAccess()).isFalse();
        assertThat(config.users()).containsExactly("alice", "bob");
        assertThat(config.allowPasswordChangeWithoutMfa()).isTrue();
    }

    @Test
    void readsTheAlertKeys() {
        SampleConfig config = read(Map.of("alerts", "false", "alertEmail", " security@example.com "));
        assertThat(config.alerts()).isFalse();
        assertThat(config.alertEmail()).isEqualTo("security@example.com");
        assertThat(read(Map.of("alerts", false)).alerts()).isFalse();
    }

    @Test
    void alertsAreWiredByDefaultAndTurnOff() {
        App app = new App();
        MfaSampleStack stack = SampleApp.build(app, null, null);
        assertThat(Template.fromStack(stack).findResources("AWS::Events::Rule")).hasSize(11);
        // An explicit home Region where IAM's events arrive, and a forwarding stack for each other default Region.
        assertThat(stack.getRegion()).isEqualTo("us-east-1");
        assertThat(app.getNode().getChildren().stream().filter(child -> child instanceof Stack)
                .map(child -> ((Stack) child).getRegion())).hasSize(17).doesNotHaveDuplicates()
                .contains("us-east-1", "eu-north-1", "ap-southeast-2", "sa-east-1");
        App off = new App(AppProps.builder().context(Map.of("alerts", "false")).build());
        assertThat(Template.fromStack(SampleApp.build(off, null, null)).findResources("AWS::Events::Rule")).isEmpty();
        assertThat(off.getNode().getChildren().stream().filter(child -> child instanceof Stack)).hasSize(1);
    }

    @Test
    void alertRegionsNoneKeepsTheAppToOneStack() {
        App app = new App(AppProps.builder().context(Map.of("alertRegions", "none")).build());
        SampleApp.build(app, "123456789012", "eu-west-1");
        assertThat(app.getNode().getChildren().stream().filter(child -> child instanceof Stack)
                .map(child -> ((Stack) child).getRegion())).containsExactly("us-east-1");
    }

    @Test
    void alertEmailBecomesAnEmailSubscription() {
        App app = new App(AppProps.builder().context(Map.of("alertEmail", "security@example.com")).build());
        Template.fromStack(SampleApp.build(app, null, null)).hasResourceProperties("AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "security@example.com"));
    }

    @Test
    void enrolmentInvitationIsOffByDefaultAndTurnsOn() {
        assertThat(read(Map.of()).enrolmentInvitation()).isFalse();
        assertThat(read(Map.of("enrolmentInvitation", "true")).enrolmentInvitation()).isTrue();
        assertThat(read(Map.of("enrolmentInvitation", true)).enrolmentInvitation()).isTrue();
        String sid = "DenyMFAEnrolmentWithoutInvitation";
        assertThat(Template.fromStack(SampleApp.build(new App(), null, null)).toJSON().toString()).doesNotContain(sid);
        App on = new App(AppProps.builder().context(Map.of("enrolmentInvitation", "true")).build());
        assertThat(Template.fromStack(SampleApp.build(on, null, null)).toJSON().toString()).contains(sid)
                .contains("aws:ResourceTag/mfa-enrolment-invitation");
    }

    @Test
    void readsJsonTypesAsCdkJsonGivesThem() {
        SampleConfig config = read(Map.of("powerUserAccess", false, "users", List.of("carol")));
        assertThat(config.powerUserAccess()).isFalse();
        assertThat(config.users()).containsExactly("carol");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "enforcement|console|'console-and-api' (the default) or 'console-only'",
        "maxMfaAge|12h|an ISO-8601 duration",
        "powerUserAccess|yes|true or false",
        "allowPasswordChangeWithoutMfa|1|true or false",
        "users|alice,,bob|existing IAM user names",
        "users|bad name|offending name: 'bad name'",
        "alerts|on|true or false",
        "enrolmentInvitation|invited|true or false",
        "alertEmail|security.example.com|an e-mail address",
        "alertEmail|a b@example.com|an e-mail address"})
    void failsNamingTheContextKey(String key, String value, String allowed) {
        assertThatThrownBy(() -> read(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("context key '" + key + "': '" + value + "' is not allowed. Allowed: ")
                .hasMessageContaining(allowed)
                .hasMessageContaining("-c " + key + "=VALUE");
    }

    @Test
    void libraryErrorsSurfaceForValuesTheContextParserAccepts() {
        App app = new App(AppProps.builder().context(Map.of("maxMfaAge", "PT48H", "groupName", "bad name")).build());
        assertThatThrownBy(() -> SampleApp.build(app, null, null)).hasMessageContaining("groupName: 'bad name'");
        App ageApp = new App(AppProps.builder().context(Map.of("maxMfaAge", "PT48H")).build());
        assertThatThrownBy(() -> SampleApp.build(ageApp, null, null)).hasMessageStartingWith("maxMfaAge: ");
        App emailApp = new App(AppProps.builder().context(Map.of("alertEmail", "security@example..com")).build());
        assertThatThrownBy(() -> SampleApp.build(emailApp, null, null))
                .hasMessageStartingWith("emailAddresses: 'security@example..com' is not an e-mail address");
    }
}
