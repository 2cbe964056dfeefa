package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class PolicySizeTest {

    @Test
    void countsCharactersOtherThanWhiteSpaceWithPseudoParametersAtTheirLongest() {
        Map<String, Object> resolved = Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow",
                "Action", "s3:Get Object",
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::", Map.of("Ref", "AWS::AccountId"), ":user/x"))))));
        String expected = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws-us-gov:iam::123456789012:user/x\"}]}";
        assertThat(PolicySize.characters(resolved)).isEqualTo(expected.length());
    }

    @Test
    void countsJoinDelimitersAndLeavesUnknownIntrinsicsOut() {
        Map<String, Object> resolved = Map.of("A", Map.of("Fn::Join", List.of("--", List.of("x", "y", "z"))),
                "B", Map.of("Ref", "SomeParameter"), "C", Map.of("Fn::GetAtt", List.of("R", "Arn")));
        String expected = "{\"A\":\"x--y--z\",\"B\":\"\",\"C\":\"\"}";
        assertThat(PolicySize.characters(resolved)).isEqualTo(expected.length());
    }

    @Test
    void countsWhatAJsonLibraryWritesForEscapesNumbersBooleansAndNull() throws Exception {
        // The library renders the document itself (no Jackson at run time); Jackson, from the test classpath, is the
        // independent reference for the JSON text.
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("quote\"and\\backslash", List.of("tab\there", "line\nbreak", "bell\u0007", "ünïcode", "\u2028"));
        resolved.put("numbers", List.of(1, -2.5, 1234567890123L));
        resolved.put("flags", List.of(true, false));
        resolved.put("nothing", null);
        resolved.put("nested", Map.of("a", List.of(Map.of("b", List.of()))));
        String expected = new ObjectMapper().writeValueAsString(resolved).replaceAll("\\s", "");
        assertThat(PolicySize.characters(resolved)).isEqualTo(expected.length());
    }
}
