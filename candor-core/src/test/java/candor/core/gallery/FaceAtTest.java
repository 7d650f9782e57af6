package candor.core.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.model.BoundingBox;
import candor.vision.Face;
import candor.vision.Landmarks;
import candor.vision.Pose;
import candor.vision.Quality;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaceAtTest {

  static Face face(float x, float y, float w, float h) {
    return new Face(new candor.vision.BoundingBox(x, y, w, h), 0.9f,
        Landmarks.ofFive(new float[10]), new Pose(0, 0, 0), new Quality(1, List.of()),
        Optional.empty());
  }

  static final Face LEFT = face(10, 20, 100, 120);
  static final Face RIGHT = face(300, 40, 60, 70);

  @Test
  void picks_the_face_at_the_box_not_the_largest() {
    FaceSelector picked = FaceSelector.at(new BoundingBox(300.4f, 39.6f, 60, 70.2f));
    assertThat(picked.choose(List.of(LEFT, RIGHT), 400, 300)).contains(RIGHT);
    assertThat(FaceAt.parse("10,20,100,120").choose(List.of(LEFT, RIGHT), 400, 300))
        .contains(LEFT);
  }

  @Test
  void refuses_a_box_where_the_photo_has_no_face() {
    assertThatThrownBy(() -> FaceAt.parse(" 200, 200 ,50,50 ")
        .choose(List.of(LEFT, RIGHT), 400, 300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no face of the probe is at the box given (200,200,50,50); the photo holds"
            + " 2 face(s): pick one of the boxes POST /v1/detect returns for it");
    assertThatThrownBy(() -> FaceAt.parse("10,20,100,120").choose(List.of(), 400, 300))
        .hasMessageContaining("the photo holds 0 face(s)");
  }

  @Test
  void parses_four_numbers_and_writes_them_back() {
    assertThat(FaceAt.parse("120.5,80,64,72")).hasToString("120.5,80,64,72");
    assertThatThrownBy(() -> FaceAt.parse("1,2,3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("face must be x,y,width,height in pixels of the photo (a box POST /v1/detect"
            + " returned), got '1,2,3'");
    assertThatThrownBy(() -> FaceAt.parse("a,2,3,4")).hasMessageContaining("got 'a,2,3,4'");
    assertThatThrownBy(() -> FaceAt.parse("1,2,0,4"))
        .hasMessage("box width must be positive and finite, got 0.0");
  }
}
